// Package importer brings reports, the units directory and edited task
// sheets into the ledger. It ties the pure packages (document, extract,
// ledger, tasksheet) to a ledger.Store; it holds no SQL.
package importer
