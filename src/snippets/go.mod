module go-concurrency-labs.example/snippets

go 1.26.0

require github.com/go-chi/chi/v5 v5.5.0

require golang.org/x/sync v0.25.0

require golang.org/x/time v0.16.0
