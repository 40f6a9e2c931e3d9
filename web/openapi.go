package web

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the OpenAPI 3.1 document of /api/v1 (a test checks that
// it lists every API route).
//
//go:embed openapi.json
var openapiJSON []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request, rq *request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(openapiJSON)
	return nil
}
