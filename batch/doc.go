// Package batch turns spreadsheet rows into orders: it reads the input
// file, resolves names to the IDs the API needs, keeps the ledger that
// makes every row ordered at most once, and drives the rate-limited
// worker pool.
//
// It never writes files for people to read (package report does) and it
// never talks HTTP itself (package yeastar does).
package batch
