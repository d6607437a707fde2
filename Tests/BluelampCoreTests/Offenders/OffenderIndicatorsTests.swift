import BluelampCore
import Testing

@Suite struct OffenderIndicatorsTests {
    @Test func `the offender indicators are well formed, each once, in the inspection's area`() {
        let definitions = OffenderIndicators.definitions
        #expect(definitions.count == 11)
        #expect(Set(definitions.map(\.id)).count == definitions.count)
        for definition in definitions {
            #expect(definition.problems().isEmpty, "\(definition.id): \(definition.problems())")
            #expect(definition.areaID == "managing-offenders-and-suspects")
            #expect(definition.frameworkID == "peel-2023-25")
        }
    }
}
