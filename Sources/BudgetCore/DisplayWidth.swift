/// How many terminal cells text occupies, and how to cut or pad it to a number of cells.
///
/// Contract, per scalar (`of(_: Unicode.Scalar)`):
/// - 2 for East Asian Wide (`W`) and Fullwidth (`F`) characters of Unicode's EastAsianWidth property
///   (UAX #11): Hangul Jamo initials, CJK radicals and Kangxi radicals (U+2E80–U+2FDF), CJK symbols and
///   punctuation (U+3000–U+303E), Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo and syllables,
///   CJK Unified Ideographs with every extension (A at U+3400, B and later in planes 2 and 3), CJK
///   compatibility ideographs, Yi, vertical and small forms, full-width forms (U+FF01–U+FF60,
///   U+FFE0–U+FFE6), Tangut, Nushu, Kana supplements, and the emoji that are `W`.
/// - 0 for control characters (Cc), nonspacing and enclosing combining marks (Mn, Me; this includes the
///   variation selectors), format characters (Cf: zero-width space, ZWJ/ZWNJ, word joiner, BOM, bidi
///   marks) except the soft hyphen U+00AD, the line and paragraph separators, and Hangul medial vowels and
///   final consonants (U+1160–U+11FF, U+D7B0–U+D7FF), which join the syllable before them.
/// - 1 for everything else. East Asian Ambiguous (`A`) characters such as `…`, `·`, `°`, `×`, `€` and the
///   Greek and Cyrillic letters count as 1: that is their width outside an East Asian legacy locale, and
///   what terminals draw by default. Half-width forms (`ｱ`, U+FF61–U+FFDC, U+FFE8–U+FFEE) are 1.
///
/// The table follows EastAsianWidth.txt of Unicode 17 (which made the Yijing and Tai Xuan Jing symbols
/// wide), including the ranges the file's header gives a default of `W` for unassigned code points
/// (U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF, U+20000–U+2FFFD, U+30000–U+3FFFD).
///
/// Per string (`of(_: String)`): the sum over grapheme clusters (Swift `Character`s), where a cluster
/// occupies the sum of its scalars' widths capped at 2. So `e` + U+0301 is 1, a Hangul syllable spelled
/// with conjoining Jamo is 2, and an emoji sequence (ZWJ family, skin tone, flag) is 2, as terminals
/// that cluster graphemes draw it. A variation selector adds nothing, so `❤️` (U+2764 U+FE0F) counts 1,
/// as in terminals that follow wcwidth.
public enum DisplayWidth {
    /// Terminal cells occupied by `text`; see the type's documentation for the rules.
    public static func of(_ text: String) -> Int {
        // Fast path, same result: printable ASCII and the common CJK blocks are one-scalar clusters whose width
        // needs no grapheme breaking and no Unicode property lookup (a 100,000-row report measures each cell).
        var total = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                total += 1
            } else if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
                        || (0xFF01...0xFF60).contains(value) || (0x3000...0x3029).contains(value)
                        || (0x3030...0x303E).contains(value) {
                total += 2
            } else {
                return clusterWidth(of: text)
            }
        }
        return total
    }

    /// The width summed over grapheme clusters: the general rule, for text outside the fast path.
    static func clusterWidth(of text: String) -> Int {
        var total = 0
        for character in text {
            total += of(character)
        }
        return total
    }

    /// Terminal cells occupied by one scalar: 0, 1 or 2; see the type's documentation for the rules.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }  // printable ASCII, the common case
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return 0 }  // C0, DEL, C1 controls
        if value == 0xAD { return 1 }  // soft hyphen: Cf, but drawn as a hyphen
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        return isWide(value) ? 2 : 1
    }

    /// Terminal cells occupied by one grapheme cluster: its scalars' widths added up, at most 2.
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return of(only) }
        var sum = 0
        for scalar in scalars {
            sum += of(scalar)
        }
        return min(sum, 2)
    }

    /// `text` cut to at most `width` cells.
    ///
    /// Returns `text` unchanged when it fits. Otherwise keeps the longest run of whole grapheme clusters
    /// that fits in `width - 1` cells and appends `…` (U+2026, 1 cell), so the result is never wider than
    /// `width`; a wide character that does not fit whole is dropped, never split, so the result can be one
    /// cell narrower than `width` (pad it to restore alignment). A `width` of 0 or less gives "".
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let budget = width - 1
        var kept = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > budget { break }
            kept.append(character)
            used += cells
        }
        kept.append("…")
        return kept
    }
    /// `text` broken into lines at most `width` cells wide, of whole grapheme clusters, in order: joined they
    /// give `text` back (nothing is lost). A line breaks after the last space, `-`, `/`, `、`, `，`, `；`, `：` or `。`, or before the
    /// last `(`, in its second half when there is one (names like `世贸事务管理-WTO事务…` break after the prefix),
    /// else before the number or Latin word it would split (`90.0%`, `Redevelopment` stay whole) when that fits on
    /// a line, else where it is full.
    /// A cluster wider than `width` gets a line of its own. A `width` below 1 is taken as 1. A last line of
    /// one character (`深圳市商务发展促进中` / `心`) is not left alone: the lines are then made as even as they
    /// can be without adding one (`深圳市商务发` / `展促进中心`).
    public static func wrap(_ text: String, toWidth width: Int) -> [String] {
        let lines = greedyWrap(text, toWidth: width)
        guard lines.count >= 2, lines.last!.count == 1 else { return lines }
        // The narrowest width that keeps the same number of lines (wrapping is monotone in the width).
        var low = 1, high = max(width, 1)
        while low < high {
            let mid = (low + high) / 2
            if greedyWrap(text, toWidth: mid).count <= lines.count { high = mid } else { low = mid + 1 }
        }
        let even = greedyWrap(text, toWidth: low)
        return even.count == lines.count && even.last!.count > 1 ? even : lines
    }

    /// ``wrap(_:toWidth:)`` without evening out an orphan last line: each line as full as the break rules allow.
    static func greedyWrap(_ text: String, toWidth width: Int) -> [String] {
        let width = max(width, 1)
        guard of(text) > width else { return [text] }
        let characters = Array(text)
        var lines: [String] = []
        var line: [Character] = [], used = 0
        var breakAfter: Int?, usedAtBreak = 0
        for (k, character) in characters.enumerated() {
            let cells = of(character)
            if used + cells > width && !line.isEmpty {
                var cut = line.count, usedAtCut = used
                if let found = breakAfter, usedAtBreak * 2 >= width {
                    (cut, usedAtCut) = (found, usedAtBreak)
                } else if let start = wordStart(line, before: character), start > 0 {
                    // No break in the line's second half: a number or a Latin word that began in it moves whole to
                    // the next line, when it fits there.
                    let before = of(String(line[..<start]))
                    var rest = 0
                    for next in characters[k...] {
                        guard isWordCharacter(next) else { break }
                        rest += of(next)
                    }
                    if used - before + rest <= width { (cut, usedAtCut) = (start, before) }
                }
                lines.append(String(line[..<cut]))
                line = Array(line[cut...])
                used -= usedAtCut
                breakAfter = nil
            }
            if "(（".contains(character) && !line.isEmpty { breakAfter = line.count; usedAtBreak = used }
            line.append(character)
            used += cells
            if " -/、，；：。".contains(character) { breakAfter = line.count; usedAtBreak = used }
        }
        if !line.isEmpty { lines.append(String(line)) }
        return lines
    }

    /// A character of a number or a Latin word: ASCII letters and digits, `.`, `,`, `%`.
    private static func isWordCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || ".,%".contains(c)) }

    /// Where the run of word characters (``isWordCharacter(_:)``) that `next` continues begins in `line`, or nil
    /// when `next` continues none.
    private static func wordStart(_ line: [Character], before next: Character) -> Int? {
        guard isWordCharacter(next), let last = line.last, isWordCharacter(last) else { return nil }
        var start = line.count - 1
        while start > 0 && isWordCharacter(line[start - 1]) { start -= 1 }
        return start
    }

    /// Whether `value` is East Asian Wide or Fullwidth (binary search over `wideRanges`).
    static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// EastAsianWidth `W` and `F` code points, sorted and disjoint. Built from Unicode's EastAsianWidth
    /// data by taking every `W`/`F` entry, joining neighbouring ranges whose gap holds only unassigned code
    /// points, and adding the header's default-`W` ranges. Zero-width marks inside these ranges (U+302A–
    /// U+302F, U+3099–U+309A) are caught by the general-category test before this table is consulted.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul Jamo initial consonants
        0x231A...0x231B,    // watch, hourglass
        0x2329...0x232A,    // angle brackets
        0x23E9...0x23EC,
        0x23F0...0x23F0,
        0x23F3...0x23F3,
        0x25FD...0x25FE,
        0x2614...0x2615,
        0x2630...0x2637,    // Yijing trigrams (W since Unicode 16)
        0x2648...0x2653,    // zodiac
        0x267F...0x267F,
        0x268A...0x268F,    // Yijing monograms and digrams (W since Unicode 16)
        0x2693...0x2693,
        0x26A1...0x26A1,
        0x26AA...0x26AB,
        0x26BD...0x26BE,
        0x26C4...0x26C5,
        0x26CE...0x26CE,
        0x26D4...0x26D4,
        0x26EA...0x26EA,
        0x26F2...0x26F3,
        0x26F5...0x26F5,
        0x26FA...0x26FA,
        0x26FD...0x26FD,
        0x2705...0x2705,
        0x270A...0x270B,
        0x2728...0x2728,
        0x274C...0x274C,
        0x274E...0x274E,
        0x2753...0x2755,
        0x2757...0x2757,
        0x2795...0x2797,
        0x27B0...0x27B0,
        0x27BF...0x27BF,
        0x2B1B...0x2B1C,
        0x2B50...0x2B50,
        0x2B55...0x2B55,
        0x2E80...0x303E,    // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
        0x3041...0x3247,    // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, strokes, enclosed CJK
        0x3250...0xA4C6,    // enclosed CJK, CJK compatibility, Ext A, Yijing hexagrams, CJK Unified, Yi
        0xA960...0xA97C,    // Hangul Jamo Extended-A
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE10...0xFE19,    // vertical forms
        0xFE30...0xFE6B,    // CJK compatibility forms, small form variants
        0xFF01...0xFF60,    // full-width forms
        0xFFE0...0xFFE6,    // full-width signs
        0x16FE0...0x1B2FB,  // ideographic symbols, Tangut, Khitan, Kana supplements, Nushu
        0x1D300...0x1D356,  // Tai Xuan Jing symbols (W since Unicode 16)
        0x1D360...0x1D376,  // counting rod numerals (W since Unicode 16)
        0x1F004...0x1F004,
        0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E,
        0x1F191...0x1F19A,
        0x1F200...0x1F320,  // enclosed ideographic supplement, first pictographs
        0x1F32D...0x1F335,
        0x1F337...0x1F37C,
        0x1F37E...0x1F393,
        0x1F3A0...0x1F3CA,
        0x1F3CF...0x1F3D3,
        0x1F3E0...0x1F3F0,
        0x1F3F4...0x1F3F4,
        0x1F3F8...0x1F43E,
        0x1F440...0x1F440,
        0x1F442...0x1F4FC,
        0x1F4FF...0x1F53D,
        0x1F54B...0x1F54E,
        0x1F550...0x1F567,
        0x1F57A...0x1F57A,
        0x1F595...0x1F596,
        0x1F5A4...0x1F5A4,
        0x1F5FB...0x1F64F,
        0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC,
        0x1F6D0...0x1F6D2,
        0x1F6D5...0x1F6DF,
        0x1F6EB...0x1F6EC,
        0x1F6F4...0x1F6FC,
        0x1F7E0...0x1F7F0,
        0x1F90C...0x1F93A,
        0x1F93C...0x1F945,
        0x1F947...0x1F9FF,
        0x1FA70...0x1FAFF,  // symbols and pictographs extended-A
        0x20000...0x2FFFD,  // CJK Unified Ideographs Ext B–F, I; compatibility supplement (plane 2)
        0x30000...0x3FFFD,  // CJK Unified Ideographs Ext G, H (plane 3)
    ]
}
