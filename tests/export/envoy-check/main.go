// Command envoy-check validates Envoy configuration against Envoy's own protos (go-control-plane):
// it reads a JSON array of messages in protobuf's JSON form for Any, each with its "@type", and
// prints a JSON array with, for each, "" when it is valid or the reason it is not. Unknown fields,
// wrong types and unknown enum values fail protojson's parsing; the protoc-gen-validate rules
// Envoy's protos declare (required fields, ranges, non-empty names) fail ValidateAll.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	_ "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/fault/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/local_ratelimit/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/retry/host/previous_hosts/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"
)

type validator interface{ ValidateAll() error }

// check validates one message and, recursively through protojson, every Any inside it.
func check(raw json.RawMessage) string {
	var any anypb.Any
	if err := (protojson.UnmarshalOptions{}).Unmarshal(raw, &any); err != nil {
		return err.Error()
	}
	msg, err := any.UnmarshalNew()
	if err != nil {
		return err.Error()
	}
	v, ok := msg.(validator)
	if !ok {
		return fmt.Sprintf("%s has no validation rules", any.TypeUrl)
	}
	if err := v.ValidateAll(); err != nil {
		return err.Error()
	}
	return ""
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		fmt.Fprintln(os.Stderr, "expected a JSON array:", err)
		os.Exit(2)
	}
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = check(item)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(2)
	}
}
