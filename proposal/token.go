package proposal

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// TokenDays is how long a feedback link stays valid.
const TokenDays = 30

// NewToken returns a fresh feedback token for a link (32 random bytes,
// URL-safe) and the hash to store: the token itself is never stored.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a token: hex SHA-256.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// TokenTTL is how long a feedback link stays valid from its issue.
const TokenTTL = TokenDays * 24 * time.Hour
