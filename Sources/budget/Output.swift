import ArgumentParser
import Foundation
import Reports

/// Writes a listing to standard output in the chosen format.
func emit(_ listing: Listing, format: OutputFormat, bom: Bool = true) throws {
    switch format {
    case .text:
        print(listing.text(), terminator: "")
    case .csv:
        FileHandle.standardOutput.write(try listing.csv(encoding: .utf8(bom: bom)))
    case .json:
        print(listing.json(), terminator: "")
    }
}
