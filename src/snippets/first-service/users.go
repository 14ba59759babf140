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

// Package-level, so every handler sees it (bug 1: it was local to getUsers).
var users = []User{
	{ID: 1, Name: "Ada"},
	{ID: 2, Name: "Grace"},
	{ID: 3, Name: "Ken"},
}

// writeJSON encodes v as JSON (bug 3: fmt.Fprint wrote Go syntax like {2 Grace}).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func getUsers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, users)
}

func getUser(w http.ResponseWriter, r *http.Request) {
	// Bug 2: the path parameter is a string; convert it before comparing with an int.
	id, err := strconv.Atoi(chi.URLParam(r, "id"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid user id"})
		return
	}
	for _, u := range users {
		if u.ID == id {
			writeJSON(w, http.StatusOK, u)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "user not found"})
}

func main() {
	r := chi.NewRouter()
	r.Get("/users", getUsers)
	r.Get("/users/{id}", getUser)
	log.Fatal(http.ListenAndServe(":8080", r))
}
