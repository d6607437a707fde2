import BluelampCore
import Foundation
import Testing

/// The table of sources: every citation resolves, and every quoted word is in the published text.
@Suite struct CitationTests {
    /// `<repository>/../shared/seeds`: the copies of the public reports the product cites.
    static let seeds = InspectionTestFiles.repositoryRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/seeds")

    static var areSeedsAvailable: Bool { FileManager.default.fileExists(atPath: seeds.path) }

    /// Runs of whitespace (line breaks, list indentation) as single spaces, as quotes are written.
    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func `every citation has a unique id and a source in the table`() {
        #expect(Set(Citations.all.map(\.id)).count == Citations.all.count)
        #expect(Set(Citations.sources.map(\.id)).count == Citations.sources.count)
        for citation in Citations.all {
            #expect(citation.source != nil, "\(citation.id): no source \(citation.sourceID)")
            #expect(Citations.citation(citation.id) == citation)
        }
    }

    @Test func `every source shows a publisher, a title, a date and a public address, never a file`() {
        for source in Citations.sources {
            #expect(!source.publisher.isEmpty && !source.title.isEmpty && !source.published.isEmpty, "\(source.id)")
            #expect(source.url.hasPrefix("https://"), "\(source.id)")
            #expect(!source.reference.contains("shared/") && !source.reference.contains(".txt"), "\(source.id)")
        }
    }

    @Test func `a quote is given only where the source's text is held to check it`() {
        for citation in Citations.all where citation.quote != nil {
            #expect(citation.source?.heldText != nil, "\(citation.id) quotes a source whose text is not held")
        }
    }

    @Test(.enabled(if: areSeedsAvailable, "the public reports are not beside the repository (../shared/seeds)"))
    func `every quote appears verbatim in its source's published text`() throws {
        for citation in Citations.all {
            guard let quote = citation.quote, let file = citation.source?.heldText else { continue }
            let text = try String(contentsOf: Self.seeds.appendingPathComponent(file), encoding: .utf8)
            #expect(Self.normalised(text).contains(Self.normalised(quote)), "\(citation.id): not in \(file)")
        }
    }

    @Test func `every citation the inspection history names is in the table`() throws {
        let fixture = try InspectionTestFiles.fixture()
        let named = (fixture.inspections.flatMap(\.sources) + fixture.monitoring.flatMap(\.sources)).compactMap(
            \.citation)
        #expect(!named.isEmpty)
        for id in named { #expect(Citations.citation(id) != nil, "unknown citation \(id)") }
    }

    @Test func `the inspection history shows no file of this repository as a source`() throws {
        let url = InspectionTestFiles.resources.appendingPathComponent("metropolitan-history.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        for reference in ["shared/", "seed 0", "seeds 0", "DESIGN.md"] {
            #expect(!text.contains(reference), "\(reference)")
        }
        for file in try InspectionTestFiles.frameworkFiles {
            let text = try String(contentsOf: file, encoding: .utf8)
            for reference in ["shared/", "seed 0", "DESIGN.md"] {
                #expect(!text.contains(reference), "\(file.lastPathComponent): \(reference)")
            }
        }
    }

    @Test func `the 2016 report, not PEEL 2023–25, is where frontline teams did not know the RSOs`() {
        #expect(Citations.frontlineUnawareOfRSOs2016.inspection == "PEEL 2016")
        #expect(Citations.wantedMonitoredActively2016.inspection == "PEEL 2016")
        #expect(Citations.novicesOver25Crimes.inspection == "PEEL 2023–25")
        #expect(Citations.complexCrimesBasicTraining.inspection == "PEEL 2023–25")
    }
}
