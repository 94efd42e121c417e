package accounts

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	hash, err := HashPassword("correct horse")
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id with the expected parameters", hash)
	}
	if err := CheckPassword(hash, "correct horse"); err != nil {
		t.Errorf("CheckPassword(right password) = %v, want nil", err)
	}
	if err := CheckPassword(hash, "correct horse "); !errors.Is(err, ErrPasswordMismatch) {
		t.Errorf("CheckPassword(wrong password) = %v, want ErrPasswordMismatch", err)
	}

	again, _ := HashPassword("correct horse")
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	for _, hash := range []string{
		"",
		"plain text",
		"$2a$10$abcdefghijklmnopqrstuv", // bcrypt
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$a2V5",
		"$argon2id$v=18$m=19456,t=2,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=x,t=2,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=19456,t=2,p=1$!!!$a2V5",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$",
	} {
		err := CheckPassword(hash, "anything")
		if err == nil || errors.Is(err, ErrPasswordMismatch) {
			t.Errorf("CheckPassword(%q) = %v, want a malformed-hash error", hash, err)
		}
	}
}
