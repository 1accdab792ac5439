package figure

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"range", "50-60",
			`{"text":"50-60","qualifier":"range","low":50,"high":60,"interval":{"low":50,"best":55,"high":60}}`},
		{"approx", "some 600",
			`{"text":"some 600","qualifier":"approx","value":600,"interval":{"low":540,"best":600,"high":660}}`},
		{"more_than", "more than 60",
			`{"text":"more than 60","qualifier":"more_than","value":60,"interval":{"low":61,"best":61,"high":null}}`},
		{"approx_over ko", "200여 명",
			`{"text":"200여 명","qualifier":"approx_over","value":200,"interval":{"low":200,"best":200,"high":220}}`},
		{"at_least ko", "최소 406명",
			`{"text":"최소 406명","qualifier":"at_least","value":406,"interval":{"low":406,"best":406,"high":null}}`},
		{"exact ko units", "1천76명",
			`{"text":"1천76명","qualifier":"exact","value":1076,"interval":{"low":1076,"best":1076,"high":1076}}`},
		{"vague ko", "수십 명",
			`{"text":"수십 명","qualifier":"vague","value":10,"interval":{"low":20,"best":30,"high":99}}`},
		{"at_most", "up to 200",
			`{"text":"up to 200","qualifier":"at_most","value":200,"interval":{"low":null,"best":200,"high":200}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Read(tt.in, DefaultPolicy())
			if err != nil {
				t.Fatalf("Read(%q): %v", tt.in, err)
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("json.Marshal(Read(%q))\n got %s\nwant %s", tt.in, b, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	t.Run("parse error", func(t *testing.T) {
		_, err := Read("3 buses", DefaultPolicy())
		if !errors.Is(err, ErrNotPeople) {
			t.Errorf("Read error = %v, want ErrNotPeople", err)
		}
	})
	t.Run("policy error", func(t *testing.T) {
		_, err := Read("about 200", Policy{})
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("Read error = %v, want a policy field error", err)
		}
	})
}
