// Package access holds who may do what in ducha: the roles, the
// permission rule for every action on a commitment, password hashing with
// argon2id and login throttling. It is pure: the web layer asks it, the
// store keeps users.
package access
