// Package exchange reads and writes vigil's native file formats: one JSON
// document holding every kind of record, and the CSV that researchers
// keep in spreadsheets, one row per claim. docs/formats.md describes both
// field by field.
//
// The package is pure: readers take an io.Reader and return a
// *vigil.Dataset, writers implement vigil.RecordWriter over an
// io.Writer. It does no database work; the store imports a Dataset
// (store.Store.Import) and feeds an export to a writer
// (store.Store.Export). Dependencies point inward: exchange imports the
// root package, the store does not import exchange, and only the CLI and
// tests join the two.
//
// Errors name where the problem is: a JSON path ("claims[12].figure") or
// a spreadsheet row and column ("row 14, column figure"), with the
// reason. Readers report up to 100 problems in one EINVALID *vigil.Error
// (its Fields map where to what), so a file can be fixed in one pass.
package exchange
