// Package sandbox is a simulated Yeastar Partner Portal: the same paths,
// reply envelope and JSON shapes as the real API, seeded with demo
// customers, billing contacts and services, plus knobs for latency, a
// rate limit, server errors and dropped connections.
//
// It deliberately does not import the client package yeastar: it serves
// the documented shapes on its own, so a client test against it checks
// the client's reading of the API rather than the client against itself.
// Where the real behaviour is only assumed (see yeastar-api.md), the
// sandbox shows the assumed behaviour.
//
// The sandbox keeps everything in memory and forgets it when stopped.
package sandbox
