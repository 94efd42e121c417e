package labels

import "testing"

func TestCheckCharKnownAnswers(t *testing.T) {
	// Published MOD 37,36 examples, not outputs of this package:
	//   - python-stdnum, stdnum/iso7064/mod_37_36.py and stdnum/grid.py
	//     (GRid A1-2425G-ABC1234002-M), and stdnum/isan.py (ISANs
	//     0000-0001-8CFA-0000-I-0000-0000-K and
	//     0000-0001-8947-0000-8-0000-0000-D, whose two check characters
	//     cover root+episode and root+episode+version);
	//   - konfirm/node-iso7064, test/source/Instance/Mod37_36.ts, which takes
	//     its samples from LiosK/cdigit.
	tests := []struct {
		source  string
		payload string
		want    byte
	}{
		{"GRid", "A12425GABC1234002", 'M'},
		{"ISAN root and episode", "000000018CFA0000", 'I'},
		{"ISAN with version", "000000018CFA000000000000", 'K'},
		{"ISAN root and episode", "0000000189470000", '8'},
		{"ISAN with version", "000000018947000000000000", 'D'},
		{"cdigit", "9", 'J'},
		{"cdigit", "1M", 'Q'},
		{"cdigit", "OW", 'N'},
		{"cdigit", "TBR", '1'},
		{"cdigit", "TRO", 'D'},
		{"cdigit", "X0H", 'X'},
		{"cdigit", "RABD", 'A'},
		{"cdigit", "WP8Z0", '9'},
		{"cdigit", "B3739U6CR", 'K'},
		{"cdigit", "EFWW032G2TI", 'U'},
		{"cdigit", "KUHNOF8OA1NXCW", 'A'},
		{"cdigit", "MM61BF7H6C2O86NNMW8ZY8V", '8'},
		{"cdigit", "B7Q3SFTUSH2QN7BIXBPMNZAM", 'I'},
		{"cdigit", "ROYL38YZ9TDGPNB5MT40CEWGURAOKF07XEYTV3M", '6'},
		{"cdigit", "UFSYYJO9FCID766EJYAEINTG43UZDD84MT6ZUDH08OM4N1K", 'N'},
	}
	for _, tt := range tests {
		t.Run(tt.source+" "+tt.payload, func(t *testing.T) {
			got, err := CheckChar(tt.payload)
			if err != nil {
				t.Fatalf("CheckChar(%q) error: %v", tt.payload, err)
			}
			if got != tt.want {
				t.Errorf("CheckChar(%q) = %q, want %q", tt.payload, got, tt.want)
			}
		})
	}
}

func TestCheckCharRejectsInvalidPayload(t *testing.T) {
	tests := []struct {
		name    string
		payload string
	}{
		{"empty", ""},
		{"lower case", "be000123"},
		{"inner space", "BE 000123"},
		{"punctuation", "BE-000123"},
		{"non-ASCII letter", "BÉ000123"},
		{"invalid UTF-8", "BE\xff000123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckChar(tt.payload)
			if err == nil {
				t.Errorf("CheckChar(%q) = %q, want an error", tt.payload, got)
			}
		})
	}
}

func TestCheckCharCoversAlphabet(t *testing.T) {
	// A reduction slip, such as modulo 35, would leave some characters
	// unused, so the first 1000 asset tags must use all 36.
	seen := make(map[byte]bool)
	for serial := 1; serial <= 1000; serial++ {
		tag := mustAssetTag(t, DefaultPrefix, serial)
		seen[tag.CheckChar()] = true
	}
	for i := 0; i < checkModulus; i++ {
		if !seen[checkAlphabet[i]] {
			t.Errorf("check character %q never used by BE000001 to BE001000", checkAlphabet[i])
		}
	}
}
