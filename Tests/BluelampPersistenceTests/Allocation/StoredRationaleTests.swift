import BluelampCore
import Foundation
import Testing

@testable import BluelampPersistence

@Suite struct StoredRationaleTests {
    /// An allocation's rationale with every field filled, text with quotes and non-ASCII included, as the
    /// long form stored it.
    static func allocated() -> AllocationRationale {
        let long = #"""
            {"alternative":"412377 (PIP2 SO, CE) costs 6 more: workload +6","cap":7,"crimeBCU":"CE","crossBCU":25,
            "loadAfter":6,"loadBefore":4,"officerBCU":"NE","officerID":"412345","officerLevel":3,
            "officerSpecialisms":["SO","DA"],"openCrimeNumber":5,"overskill":10,"priority":1,
            "refused":"412399 (PIP2 SO, CE): at capacity (7 of 7), though they would cost 3","requiredLevel":2,
            "requiredSpecialism":"SO","rule":"Rape and serious sexual \"RASSO\"",
            "summary":"CE-D1/26: allocated to DS Siân O'Brien (412345), PIP3 in NE; their open crimes 4 → 5 of 7.",
            "unallocatedReason":"not used when allocated, but kept","unit":"safeguarding","workload":5}
            """#
        return try! JSONDecoder().decode(AllocationRationale.self, from: Data(long.utf8))
    }

    /// A rationale for a crime left waiting: no officer, no loads.
    static func unallocated() -> AllocationRationale {
        var r = allocated()
        (r.officerID, r.officerLevel, r.officerSpecialisms, r.officerBCU) = (nil, nil, [], nil)
        (r.loadBefore, r.loadAfter, r.cap, r.openCrimeNumber) = (nil, nil, nil, nil)
        (r.overskill, r.crossBCU, r.workload, r.alternative, r.refused) = (0, 0, 0, nil, nil)
        r.rule = nil
        r.unallocatedReason = "no officer holds the level and specialism required (PIP2 with SO) in date"
        r.summary = "CE-D2/26: left waiting: no officer holds the level and specialism required."
        return r
    }

    @Test func `reads back every field, the summary from the row's explanation`() throws {
        for r in [Self.allocated(), Self.unallocated()] {
            let text = try StoredRationale.encode(r)
            #expect(!text.contains(r.summary))
            #expect(StoredRationale.decode(text, explanation: r.summary) == r)
        }
    }

    @Test func `every field has its own short key, and the stored text uses only short keys`() throws {
        let long = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.allocated())) as! [String: Any]
        #expect(Set(long.keys) == Set(StoredRationale.shortKeys.keys))
        #expect(Set(StoredRationale.shortKeys.values).count == StoredRationale.shortKeys.count)
        let text = try StoredRationale.encode(Self.allocated())
        let short = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(Set(short.keys).isSubset(of: Set(StoredRationale.shortKeys.values)))
    }

    @Test func `stores a demo allocation's rationale in under two fifths of the long form's bytes`() throws {
        // A row of the one-year Met demo as the long form stored it (445 bytes a row on average).
        let long = #"""
            {"cap":20,"crimeBCU":"CS","crossBCU":0,"loadAfter":1,"loadBefore":0,"officerBCU":"CS","officerID":"126211",\#
            "officerLevel":1,"officerSpecialisms":[],"openCrimeNumber":1,"overskill":0,"priority":3,"requiredLevel":1,\#
            "rule":"Volume crime","summary":"CS-D2\/25: allocated to DC Liam Kowalski (126211), PIP1 in CS; the policy \#
            requires PIP1 (Volume crime); their open crimes 0 → 1 of 20.","unit":"bcuInvestigation","workload":1}
            """#
        let r = try JSONDecoder().decode(AllocationRationale.self, from: Data(long.utf8))
        let short = try StoredRationale.encode(r)
        #expect(short.utf8.count * 5 < long.utf8.count * 2, "\(short.utf8.count) bytes against \(long.utf8.count)")
        #expect(StoredRationale.decode(short, explanation: r.summary) == r)
        // With every field filled, it still saves at least the summary.
        let full = Self.allocated()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(
            try StoredRationale.encode(full).utf8.count + full.summary.utf8.count < encoder.encode(full).count)
    }

    @Test func `reads rows written in the long form, keeping their own summary`() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for r in [Self.allocated(), Self.unallocated()] {
            let old = String(decoding: try encoder.encode(r), as: UTF8.self)
            #expect(StoredRationale.decode(old, explanation: "a later explanation") == r)
        }
    }

    /// The same rationale must be the same text in every process, or a re-run after a crash writes rows that
    /// differ from an uninterrupted run's (`docs/bench/crash.sh`). A dictionary's order is seeded afresh in each
    /// process, so this compares with the one text sorted keys give, which unsorted output almost never matches.
    @Test func `a rationale is stored as one exact text, its keys sorted`() throws {
        var r = Self.unallocated()
        r.unallocatedReason = "none in date"
        let expected =
            #"{"b":"CE","l":2,"m":"","os":[],"p":1,"s":"SO","u":"safeguarding","w":0,"why":"none in date","#
            + #""x":0,"xb":0}"#
        #expect(try StoredRationale.encode(r) == expected)
        // Every key of a full rationale, in order.
        let text = try StoredRationale.encode(Self.allocated())
        let keys = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let positions = keys.keys.map { key in (key, text.range(of: "\"\(key)\":")!.lowerBound) }
        #expect(positions.sorted { $0.1 < $1.1 }.map(\.0) == keys.keys.sorted())
    }

    @Test(arguments: ["", "{}", "not json", #"{"l":9}"#, #"[1,2]"#])
    func `a text that is not a rationale reads as none`(text: String) {
        #expect(StoredRationale.decode(text, explanation: "x") == nil)
    }
}
