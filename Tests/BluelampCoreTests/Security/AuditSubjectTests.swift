import BluelampCore
import Foundation
import Testing

@Suite struct AuditSubjectTests {
    @Test(arguments: AuditSubject.Kind.allCases)
    func `every kind of subject reads back from the form the log stores`(kind: AuditSubject.Kind) {
        let subject = AuditSubject(kind: kind, id: 42)
        #expect(subject.kind == kind)
        #expect(subject.id == 42)
        #expect(AuditSubject(text: subject.text) == subject)
    }

    @Test func `the stored spellings of the kinds already in the log never change`() {
        #expect(AuditSubject.officer(1).text == "officer:1")
        #expect(AuditSubject.person(2).text == "person:2")
        #expect(AuditSubject.registeredOffender(3).text == "rso:3")
        #expect(AuditSubject.wantedSuspect(4).text == "wanted:4")
        #expect(AuditSubject.iomCohortMember(5).text == "iom:5")
    }

    @Test(arguments: ["", "officer", "officer:", "officer:x", "visitor:3", "rso:-1", "rso:0", ":4"])
    func `text that names no subject is refused`(text: String) {
        #expect(AuditSubject(text: text) == nil)
    }

    @Test func `record types keep the names the log already holds`() {
        #expect(AuditRecordType.crime.rawValue == "crime")
        #expect(AuditRecordType.policeUKImport.rawValue == "police_uk_import")
        #expect(AuditRecordType.rsoBCUList.rawValue == "rso_bcu_list")
        #expect(Set(AuditRecordType.allCases.map(\.rawValue)).count == AuditRecordType.allCases.count)
    }
}

/// Every audit code has its words (issue 22): the audit log page never shows a stored name.
@Suite struct AuditLabelTests {
    @Test(arguments: AuditRecordType.allCases)
    func `each kind of record reads as words`(type: AuditRecordType) {
        #expect(!type.label.contains("_"), "\(type.rawValue) → \(type.label)")
        #expect(type.label.first?.isUppercase == true || type.label.hasPrefix("police.uk"))
    }

    @Test func `actions and subjects read as words`() {
        for action in AuditAction.allCases { #expect(!action.label.contains("_")) }
        #expect(AuditRecordType.rsoVisit.label == "Registered offender visit")
        #expect(AuditRecordType.policeUKImport.label == "police.uk import")
        #expect(AuditRecordType.rsoBCUList.label == "Registered offender BCU list")
        #expect(AuditSubject.registeredOffender(26).label == "Registered sex offender 26")
    }
}
