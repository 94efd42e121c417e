package labels

import (
	"errors"
	"fmt"
)

// checkAlphabet lists the characters of ISO/IEC 7064 MOD 37,36 in the order
// of their values 0 to 35.
const checkAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// checkModulus is M in the hybrid system MOD M+1,M.
const checkModulus = len(checkAlphabet)

// CheckChar computes the ISO/IEC 7064 MOD 37,36 check character of payload,
// which must be non-empty and contain only the characters 0 to 9 and A to Z
// in upper case. The result is one of those characters too.
//
// The hybrid system detects every single substitution, including one of the
// check character, but not every transposition of adjacent characters. With
// P the running product before them, a swap of adjacent values a and b goes
// undetected exactly when P+a and P+b are 18 and 19 modulo 36, in either
// order. So only values that differ by one are at risk, and if P is spread
// evenly about 1 in 36 of their swaps is missed: for example BE0000401 and
// BE0000410 are both valid tags.
func CheckChar(payload string) (byte, error) {
	if payload == "" {
		return 0, errors.New("check character: empty payload")
	}

	product := checkModulus
	for i := 0; i < len(payload); i++ {
		value, ok := charValue(payload[i])
		if !ok {
			return 0, fmt.Errorf("check character: payload %q has %q at index %d, expected only 0-9 and A-Z", payload, payload[i:i+1], i)
		}
		product = nextProduct(product, value)
	}

	// A string with its check character appended is valid when the last
	// sum (product + check) is 1 modulo M.
	return checkAlphabet[(checkModulus+1-product)%checkModulus], nil
}

// nextProduct runs one step of the hybrid system: it adds the character
// value to the running product, reduces the sum modulo M with 0 taken as M,
// and doubles it modulo M+1. The result is in 1 to M.
func nextProduct(product, value int) int {
	sum := (product + value) % checkModulus
	if sum == 0 {
		sum = checkModulus
	}
	return sum * 2 % (checkModulus + 1)
}

// charValue returns the value of c in checkAlphabet, and false when c is
// not one of its characters.
func charValue(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10, true
	default:
		return 0, false
	}
}
