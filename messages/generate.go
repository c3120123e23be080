// Package messages defines the protobuf messages exchanged by actorfactor's
// actors: chunk requests, their replies and work-pulling requests.
package messages

//go:generate protoc --go_out=. --go_opt=paths=source_relative factor.proto
