// Package accounts holds the people who use Parc: users, their roles, the
// communes a correspondent is responsible for, and password hashing. Sessions and
// login build on it.
package accounts
