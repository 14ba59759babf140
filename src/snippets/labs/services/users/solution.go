package main

import (
	"encoding/json"
	"log"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
)

type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

var users = []User{
	{ID: 1, Name: "Ada"},
	{ID: 2, Name: "Grace"},
	{ID: 3, Name: "Ken"},
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

type errorBody struct {
	Error string `json:"error"`
}

func main() {
	r := chi.NewRouter()

	r.Get("/users", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, users)
	})

	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		// strconv.Atoi: an optional sign and decimal digits.
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{"invalid user id"})
			return
		}
		for _, u := range users {
			if u.ID == id {
				writeJSON(w, http.StatusOK, u)
				return
			}
		}
		writeJSON(w, http.StatusNotFound, errorBody{"user not found"})
	})

	log.Fatal(http.ListenAndServe(":8080", r))
}
