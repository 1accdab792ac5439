package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"vigil/edtf"
	"vigil/figure"
)

// runFigure prints the qualifier, numbers and interval of a figure:
// vigil figure "50-60"
func runFigure(ctx context.Context, e *env, args []string) error {
	fs := newFlags("figure", e)
	policyFile := fs.String("policy", "", "JSON file with an interval policy (default: DOMAIN.md's table)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	text := joinArgs(pos)
	if text == "" {
		return usagef("give the figure text, e.g. vigil figure \"about 200\"")
	}
	policy := figure.DefaultPolicy()
	if *policyFile != "" {
		if policy, err = loadPolicy(*policyFile); err != nil {
			return err
		}
	}
	rd, err := figure.Read(text, policy)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, rd)
}

// loadPolicy reads an interval policy from a JSON file, applied on top
// of the default policy.
func loadPolicy(path string) (figure.Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return figure.Policy{}, fmt.Errorf("read policy: %w", err)
	}
	p, err := figure.LoadPolicy(b)
	if err != nil {
		return figure.Policy{}, fmt.Errorf("policy %s: %w", path, err)
	}
	return p, nil
}

// runDate resolves a date expression against a reference day:
// vigil date "around April 26" --ref 2024-05-20
func runDate(ctx context.Context, e *env, args []string) error {
	fs := newFlags("date", e)
	refFlag := fs.String("ref", "", "reference day YYYY-MM-DD, e.g. the publication date (default: today)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	text := joinArgs(pos)
	if text == "" {
		return usagef("give the date text, e.g. vigil date \"지난 9일\" --ref 2023-10-13")
	}
	ref := time.Now().UTC()
	if *refFlag != "" {
		if ref, err = time.Parse(time.DateOnly, *refFlag); err != nil {
			return usagef("--ref %q is not a day as YYYY-MM-DD", *refFlag)
		}
	}
	d, err := edtf.Resolve(text, ref)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, d)
}
