package main

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type User struct {
	ID   int
	Name string
}

func getUsers(w http.ResponseWriter, r *http.Request) {
	users := []User{
		{ID: 1, Name: "Ada"},
		{ID: 2, Name: "Grace"},
	}
	fmt.Fprint(w, users)
}

func getUser(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	for _, user := range users {
		if user.ID == id {
			fmt.Fprint(w, user)
			return
		}
	}
	http.NotFound(w, r)
}

func main() {
	r := chi.NewRouter()
	r.Get("/users", getUsers)
	r.Get("/users/{id}", getUser)
	http.ListenAndServe(":8080", r)
}
