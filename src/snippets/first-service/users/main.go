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

type errorBody struct {
	Error string `json:"error"`
}

// Package level: all handlers see it (bug 1).
var users = []User{
	{ID: 1, Name: "Ada"},
	{ID: 2, Name: "Grace"},
	{ID: 3, Name: "Ken"},
}

// writeJSON answers in JSON (bug 3).
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func getUsers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, users)
}

func getUser(w http.ResponseWriter, r *http.Request) {
	// The id is a string: parse it (bug 2).
	id, err := strconv.Atoi(chi.URLParam(r, "id"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest,
			errorBody{"invalid user id"})
		return
	}
	for _, u := range users {
		if u.ID == id {
			writeJSON(w, http.StatusOK, u)
			return
		}
	}
	writeJSON(w, http.StatusNotFound,
		errorBody{"user not found"})
}

func main() {
	r := chi.NewRouter()
	r.Get("/users", getUsers)
	r.Get("/users/{id}", getUser)
	log.Fatal(http.ListenAndServe(":8080", r))
}
