package store

// Exported for the driver-error tests in package store_test.
var (
	MapWriteErr  = mapWriteErr
	MapDeleteErr = mapDeleteErr
)
