// Package labels defines the tags printed on asset and location labels and
// renders the labels for sheet and roll printers.
//
// A tag is a prefix of 1 to 3 letters (DefaultPrefix unless configured), a
// zero-padded serial and one check character computed with ISO/IEC 7064
// MOD 37,36 over everything before it. An asset tag looks like BE000123 plus
// the check character. A location tag, for a site or a room, puts "L" after
// the prefix and has a 5-digit serial, so both kinds have the same length for
// a given prefix.
//
// A Template describes label stock: A4 sheets such as Avery L7651, or rolls
// for Brother and Zebra printers. RenderPDF and RenderZPL print a list of
// Label values on it. Each label carries the tag as a Code 128 barcode and
// in clear text, an optional 2D code (a QR code of the asset's URL, or a
// Data Matrix of the tag), an owner line and a caption. The layout adapts
// to the label size: on a small label it gives up the 2D code, then the
// owner line, then the caption, rather than print a barcode with modules
// below 0.25 mm. RenderTestPage prints the label outlines for measuring a
// printer's offset, which Options then corrects.
//
// The package does no I/O beyond the writer it is given and imports
// nothing from the server, so reserving serials, storing tags and turning
// errors into messages for users happen in the server's domain packages.
package labels
