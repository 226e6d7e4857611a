extension XLSXWriter {
    /// The rules Excel puts on sheet names, applied to a wanted name.
    public enum SheetName {
        /// Excel's longest sheet name, in UTF-16 units.
        public static let maximumLength = 31
        /// Characters a sheet name may not hold.
        static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

        /// `name` made valid and unique among `taken`:
        /// - `[]:*?/\` and control characters become `_`; leading and trailing apostrophes and spaces are dropped
        ///   (Excel refuses a name that starts or ends with `'`); an empty result is `Sheet`;
        /// - `History`, which Excel reserves, becomes `History (1)`;
        /// - at most 31 UTF-16 units, cut between characters (a Chinese name stays whole up to 31 characters);
        /// - unique ignoring case, as Excel compares names: a name already taken gets ` (2)`, ` (3)`… within the
        ///   31 units (the name is cut to make room).
        public static func sanitized(_ name: String, taken: [String]) -> String {
            var base = String(name.map { forbidden.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "_" : $0 })
            base = String(base.drop { $0 == "'" || $0 == " " })
            while let last = base.last, last == "'" || last == " " { base.removeLast() }
            if base.isEmpty { base = "Sheet" }
            if base.lowercased() == "history" { base += " (1)" }
            let used = Set(taken.map { $0.lowercased() })
            var candidate = cut(base, to: maximumLength)
            var number = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = cut(base, to: maximumLength - suffix.utf16.count) + suffix
                number += 1
            }
            return candidate
        }

        /// The longest prefix of whole characters of `text` with at most `length` UTF-16 units.
        static func cut(_ text: String, to length: Int) -> String {
            var result = ""
            var used = 0
            for character in text {
                let units = character.utf16.count
                if used + units > length { break }
                result.append(character)
                used += units
            }
            return result
        }
    }
}
