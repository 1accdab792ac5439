package figure

// Reading is a figure with its interval under a policy, as the CLI and
// API print it. It marshals to JSON as the figure's fields followed by
// the interval:
//
//	{"text":"50-60","qualifier":"range","low":50,"high":60,"interval":{"low":50,"best":55,"high":60}}
//	{"text":"more than 60","qualifier":"more_than","value":60,"interval":{"low":61,"best":61,"high":null}}
type Reading struct {
	Figure
	// Interval is Figure read under the policy; its unknown low and
	// unbounded high are JSON null.
	Interval Interval `json:"interval"`
}

// Read parses text and derives its interval under p.
func Read(text string, p Policy) (Reading, error) {
	f, err := Parse(text)
	if err != nil {
		return Reading{}, err
	}
	iv, err := p.Interval(f)
	if err != nil {
		return Reading{}, err
	}
	return Reading{Figure: f, Interval: iv}, nil
}
