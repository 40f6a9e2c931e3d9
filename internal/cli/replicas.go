package cli

import (
	"os"
	"strings"
)

// replicaList is the repeatable --db-replica flag: PostgreSQL read
// replicas, first from DUCHA_DB_REPLICAS (comma-separated), replaced by
// the flags when given.
type replicaList struct {
	list    []string
	flagged bool
}

func newReplicaList() *replicaList {
	l := &replicaList{}
	for _, r := range strings.Split(os.Getenv("DUCHA_DB_REPLICAS"), ",") {
		if r = strings.TrimSpace(r); r != "" {
			l.list = append(l.list, r)
		}
	}
	return l
}

func (l *replicaList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.list, ",")
}

func (l *replicaList) Set(v string) error {
	if !l.flagged {
		l.list, l.flagged = nil, true
	}
	if v = strings.TrimSpace(v); v != "" {
		l.list = append(l.list, v)
	}
	return nil
}
