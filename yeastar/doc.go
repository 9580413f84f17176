// Package yeastar is a client for the Yeastar Partner Portal API: tokens,
// the reply envelope, retries, the lookups and order creation.
//
// It knows nothing of spreadsheets, ledgers or results files, and it never
// logs on its own: a caller that wants one line per API call passes a
// logger in Config.
package yeastar
