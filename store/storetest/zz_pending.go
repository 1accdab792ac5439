package storetest

import "testing"

func testMigrations(t *testing.T, open Opener)  {}
func testValidation(t *testing.T, open Opener)  {}
func testReferences(t *testing.T, open Opener)  {}
func testVersions(t *testing.T, open Opener)    {}
func testClearance(t *testing.T, open Opener)   {}
func testRoles(t *testing.T, open Opener)       {}
func testDerive(t *testing.T, open Opener)      {}
func testLinks(t *testing.T, open Opener)       {}
func testStats(t *testing.T, open Opener)       {}
func testAudit(t *testing.T, open Opener)       {}
func testTokens(t *testing.T, open Opener)      {}
func testConcurrency(t *testing.T, open Opener) {}
func testLists(t *testing.T, open Opener)       {}
