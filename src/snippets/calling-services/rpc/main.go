// The same Catalog service called over net/rpc (gob) and net/rpc/jsonrpc, on in-memory pipes.
// An RPC looks like a local call: a method name, an argument, a reply, an error.
package main

import (
	"errors"
	"fmt"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"os"
)

type Args struct{ ID int }
type Item struct{ Name string }

type Catalog struct{}

// Get is an RPC method: exported, (args, *reply) error.
func (Catalog) Get(args Args, reply *Item) error {
	if args.ID != 1 {
		return fmt.Errorf("no item %d", args.ID)
	}
	*reply = Item{Name: "lamp"}
	return nil
}

// tee prints what the client writes on the wire.
type tee struct{ net.Conn }

func (t tee) Write(p []byte) (int, error) {
	fmt.Printf("wire: %s", p)
	return t.Conn.Write(p)
}

func main() {
	server := rpc.NewServer()
	if err := server.Register(Catalog{}); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}

	// net/rpc: gob on the wire (binary, Go only).
	c, s := net.Pipe()
	go server.ServeConn(s)
	client := rpc.NewClient(c)
	var item Item
	err := client.Call("Catalog.Get", Args{ID: 1}, &item)
	fmt.Printf("gob:  Catalog.Get(1) = %+v, err = %v\n", item, err)
	client.Close()

	// net/rpc/jsonrpc: JSON-RPC 1.0, readable by any language.
	c, s = net.Pipe()
	go server.ServeCodec(jsonrpc.NewServerCodec(s))
	client = jsonrpc.NewClient(tee{c})
	err = client.Call("Catalog.Get", Args{ID: 1}, &item)
	fmt.Printf("json: Catalog.Get(1) = %+v, err = %v\n", item, err)

	// The server answered, with an error: an application error,
	// not a broken call.
	err = client.Call("Catalog.Get", Args{ID: 2}, &item)
	var serverErr rpc.ServerError
	fmt.Printf("json: Catalog.Get(2): err = %v (rpc.ServerError: %v)\n", err, errors.As(err, &serverErr))

	// No answer at all: the connection is gone.
	client.Close()
	err = client.Call("Catalog.Get", Args{ID: 1}, &item)
	fmt.Printf("json: after Close: err = %v (rpc.ErrShutdown: %v)\n", err, errors.Is(err, rpc.ErrShutdown))
}
