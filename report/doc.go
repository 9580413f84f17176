// Package report writes what people read: the results file (one row per
// input row, the input cells as they were, then what happened to the
// row), the end-of-run summary, the progress bar or progress lines, the
// Prometheus metrics file and the lookup tables.
//
// For the results file it owns the file's shape (columns, encoding, line endings) and the
// guarantee that readers never see half a file: rows go to a temporary
// file beside the target, which is renamed into place only when
// complete. It knows nothing of the API or the ledger and never logs.
//
// The file is UTF-8 with a byte order mark (Excel needs it to read UTF-8)
// and CRLF line endings, the CSV convention of RFC 4180 and of Excel
// itself; both are what a Windows finance desk expects, and every CSV
// library accepts them.
//
// IDs are written exactly, as plain digits. Excel opening the file
// directly still shows a 19-digit ID such as 3192837465019283746 as
// 3.19284E+18 and, if the sheet is saved, keeps only 15 significant
// digits. The file is not altered to prevent that (a leading apostrophe
// or ="..." would corrupt the value for every program that reads it);
// accounting should instead import it with Data > From Text/CSV and set
// the order_id, order_no, transaction_no, instance_id, partner_id,
// billing_contact_id and service_id columns to Text.
package report
