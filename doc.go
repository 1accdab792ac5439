// Package vigil holds the domain of vigil, an evidence-grade incident
// tracker for NGOs that document the forced repatriation of North Korean
// refugees from China.
//
// The root package defines the records (sources, claims, incidents,
// places, actors, law), their validation, the viewer who asks, the error
// type and the service interfaces. Implementations live in subpackages:
// store/ (SQLite and PostgreSQL), httpserver/ and api/ (JSON API), and
// cmd/vigil (the CLI, a client of the same interfaces). figure/ and edtf/
// are pure parsing packages; derive/ computes incident figures and totals
// from claims without I/O.
package vigil
