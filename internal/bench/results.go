package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"time"
)

// Results is everything a bench run measured, as results.json holds it.
type Results struct {
	Machine Machine `json:"machine"`
	Rows    []Row   `json:"rows"`
}

// Machine describes where the results were measured.
type Machine struct {
	CPUs      int       `json:"cpus"`
	GoVersion string    `json:"go_version"`
	OS        string    `json:"os"`
	Arch      string    `json:"arch"`
	Date      time.Time `json:"date"`
}

// currentMachine describes this machine now.
func currentMachine() Machine {
	return Machine{
		CPUs:      runtime.NumCPU(),
		GoVersion: runtime.Version(),
		OS:        runtime.GOOS,
		Arch:      runtime.GOARCH,
		Date:      time.Now().UTC().Truncate(time.Second),
	}
}

// WriteJSON writes r as indented JSON.
func (r Results) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

// ReadJSON reads results written by WriteJSON.
func ReadJSON(r io.Reader) (Results, error) {
	var res Results
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return Results{}, fmt.Errorf("read results: %w", err)
	}
	return res, nil
}
