import Foundation

/// For one victim, where each of the Victims' Code's 12 rights stands, and why.
///
/// Rules and where they come from (Code of Practice for Victims of Crime in England and Wales, 2020):
/// - Where the Code sets a time limit, passing it without the thing done is `overdue`: recording within the force's
///   allowance from the report (Right 2; 24 hours under the Home Office Counting Rules); needs assessment and referral
///   within 2 working days of the report (Right 4); each key event told within 1 working day (enhanced) or 5
///   (standard), and a routine update at least every 28 days or as agreed while the investigation is open (Right 6);
///   the case's outcome told within the same 1 or 5 working days (Right 9). A Victim Personal Statement not offered by
///   the time a suspect is charged is overdue (Right 7).
/// - Where the Code sets no time limit (Rights 1, 3, 5, 8, 10, 11, 12), a right not yet met is `due`, never overdue.
/// - Rights about the trial, expenses as a witness, the case's outcome and the offender after conviction (8, 9, 10,
///   11) are `not_applicable` until a suspect is charged (or, for 11, convicted); Right 10 also applies while the
///   police hold the victim's property.
/// - Done late is still `met`, and the reason says it was late.
public enum VictimRightsEvaluator {
    /// One entry per right, in the Code's order. Throws `VictimsCodeError.outsideCalendar` when a working-day clock
    /// runs outside the bank-holiday data.
    public static func evaluate(
        _ input: VictimRightsInput, enhanced: Bool, now: Date, calendar: BankHolidayCalendar
    ) throws -> [VictimRightCompliance] {
        let context = Context(input: input, enhanced: enhanced, now: now, calendar: calendar)
        return try VictimRight.allCases.map { right in
            let (status, why) = try context.evaluate(right)
            return VictimRightCompliance(right: right, status: status, why: why)
        }
    }

    private struct Context {
        let input: VictimRightsInput
        let enhanced: Bool
        let now: Date
        let calendar: BankHolidayCalendar
        var today: CalendarDay { CalendarDay(containing: now, in: .london) }
        var workingDays: Int { VictimsCode.tellVictimWorkingDays(enhanced: enhanced) }
        var clockName: String { enhanced ? "1 working day (enhanced rights)" : "5 working days (standard)" }

        func day(_ date: Date) -> String { CalendarDay(containing: date, in: .london).text }

        func evaluate(_ right: VictimRight) throws -> (RightStatus, String) {
            switch right {
            case .understandAndBeUnderstood:
                return done(input.communicationNeedsCheckedAt, "Communication needs (interpreter, other help) checked")
            case .crimeRecorded:
                return crimeRecorded()
            case .informationWhenReporting:
                return done(
                    input.reportingInformationGivenAt, "Written acknowledgement and information on reporting given")
            case .referralToSupportServices:
                return try referral()
            case .compensationInformation:
                return done(input.compensationInformationGivenAt, "Information about compensation given")
            case .investigationAndProsecutionInformation:
                return try investigationInformation()
            case .victimPersonalStatement:
                return personalStatement()
            case .trialInformation:
                guard input.isCharged else {
                    return (.notApplicable, "No suspect has been charged, so there is no trial yet")
                }
                return done(input.trialInformationGivenAt, "Information about the trial and the witness's role given")
            case .outcomeAndAppeals:
                return try outcome()
            case .expensesAndProperty:
                return expensesAndProperty()
            case .offenderInformationAfterConviction:
                guard input.convictedAt != nil else { return (.notApplicable, "No one has been convicted") }
                return done(input.victimContactSchemeOfferedAt, "Victim Contact Scheme offered")
            case .complain:
                return done(input.complaintInformationGivenAt, "Told how to complain")
            }
        }

        /// Met on the day `date` records, otherwise due: for the rights the Code gives no time limit.
        func done(_ date: Date?, _ what: String) -> (RightStatus, String) {
            if let date { return (.met, "\(what) on \(day(date))") }
            return (.due, "\(what): not recorded yet (the Code sets no time limit)")
        }

        // Right 2: the Home Office Counting Rules give 24 hours (or the force's allowance) from report to decision.
        func crimeRecorded() -> (RightStatus, String) {
            let allowance = Double(input.recordingAllowanceHours) * 3600
            let deadline = input.reportedAt.addingTimeInterval(allowance)
            let hours = "\(input.recordingAllowanceHours) hours"
            guard let recorded = input.crimeRecordedAt else {
                return now > deadline
                    ? (.overdue, "Not recorded, and more than \(hours) have passed since the report")
                    : (.due, "Not recorded yet; the allowance of \(hours) from the report has not passed")
            }
            let taken = Int((recorded.timeIntervalSince(input.reportedAt) / 3600).rounded(.down))
            return recorded > deadline
                ? (.met, "Recorded on \(day(recorded)), late: \(taken) hours after the report, over \(hours)")
                : (.met, "Recorded on \(day(recorded)), within \(hours) of the report")
        }

        // Right 4: the needs assessment, and the referral's outcome, within 2 working days of the report.
        func referral() throws -> (RightStatus, String) {
            let due = try calendar.workingDay(2, after: CalendarDay(containing: input.reportedAt, in: .london))
            if let assessed = input.needsAssessmentAt, let outcome = input.referralOutcome {
                let late = CalendarDay(containing: assessed, in: .london) > due ? ", late (due by \(due.text))" : ""
                return (.met, "Needs assessed on \(day(assessed))\(late); \(outcome.label.lowercased())")
            }
            let missing =
                input.needsAssessmentAt == nil
                ? "No needs assessment recorded" : "Needs assessed, but the referral's outcome is not recorded"
            return today > due
                ? (.overdue, "\(missing); it was due by \(due.text), 2 working days after the report")
                : (.due, "\(missing); due by \(due.text), 2 working days after the report")
        }

        // Right 6: each key event told within 1 or 5 working days; routine updates while the investigation is open.
        func investigationInformation() throws -> (RightStatus, String) {
            var overdue: [String] = []
            var pending: [String] = []
            var late: [String] = []
            var told = 0
            for record in input.keyEvents {
                let due = try VictimsCode.tellVictimDue(
                    event: record.event, occurredAt: record.occurredAt, enhanced: enhanced, calendar: calendar)
                let name = record.event.label.lowercased()
                if let toldAt = record.toldAt {
                    told += 1
                    if CalendarDay(containing: toldAt, in: .london) > due {
                        late.append("\(name) (due by \(due.text), told \(day(toldAt)))")
                    }
                } else if today > due {
                    overdue.append("\(name) (due by \(due.text))")
                } else {
                    pending.append("\(name) (due by \(due.text))")
                }
            }
            var parts: [String] = []
            if !overdue.isEmpty { parts.append("Not told in time of: " + overdue.joined(separator: ", ")) }
            if !pending.isEmpty {
                parts.append("To be told, within \(clockName), of: " + pending.joined(separator: ", "))
            }
            if told > 0 {
                let lateText = late.isEmpty ? "" : ", late of " + late.joined(separator: ", ")
                parts.append("Told of \(told) key event\(told == 1 ? "" : "s")\(lateText)")
            }
            if input.keyEvents.isEmpty { parts.append("No key events yet") }

            var routineOverdue = false
            if input.isOpen(at: now) {
                // Any update counts: telling the victim of a key event updates them too.
                let lastUpdate = ([input.lastRoutineUpdateAt] + input.keyEvents.map(\.toldAt)).compactMap { $0 }.max()
                let next = VictimsCode.routineUpdateDue(
                    lastUpdate: lastUpdate, investigationOpened: input.investigationOpenedAt,
                    agreedIntervalDays: input.agreedUpdateIntervalDays)
                let interval =
                    input.agreedUpdateIntervalDays.map { "\($0) days, as agreed with the victim" } ?? "28 days"
                if now > next {
                    routineOverdue = true
                    parts.append("Routine update overdue: due by \(day(next)) (every \(interval))")
                } else {
                    parts.append("Next routine update by \(day(next)) (every \(interval))")
                }
            } else {
                parts.append("Investigation closed, so no routine updates are owed")
            }
            let why = parts.joined(separator: ". ")
            if !overdue.isEmpty || routineOverdue { return (.overdue, why) }
            if !pending.isEmpty { return (.due, why) }
            return (.met, why)
        }

        // Right 7: offer the chance to make a Victim Personal Statement, at the latest when a suspect is charged.
        func personalStatement() -> (RightStatus, String) {
            switch input.statement.status {
            case .made: return (.met, "Victim Personal Statement made on \(day(input.statement.madeAt!))")
            case .declined:
                return (.met, "Victim Personal Statement offered; declined on \(day(input.statement.declinedAt!))")
            case .offered: return (.met, "Victim Personal Statement offered on \(day(input.statement.offeredAt!))")
            case nil:
                return input.isCharged
                    ? (.overdue, "A suspect has been charged and no Victim Personal Statement has been offered")
                    : (.due, "Victim Personal Statement not offered yet; it must be by the time a suspect is charged")
            }
        }

        // Right 9: once charged, the case's outcome told within 1 or 5 working days of it.
        func outcome() throws -> (RightStatus, String) {
            guard input.isCharged else { return (.notApplicable, "No suspect has been charged, so no case yet") }
            guard let outcomeAt = input.caseOutcomeAt else {
                return (.due, "The case has no outcome yet; the victim is to be told within \(clockName) of it")
            }
            let due = try calendar.workingDay(workingDays, after: CalendarDay(containing: outcomeAt, in: .london))
            if let toldAt = input.caseOutcomeToldAt {
                let late = CalendarDay(containing: toldAt, in: .london) > due ? ", late (due by \(due.text))" : ""
                return (.met, "Told of the outcome on \(day(toldAt))\(late)")
            }
            return today > due
                ? (.overdue, "Not told of the outcome of \(day(outcomeAt)); it was due by \(due.text)")
                : (.due, "To be told of the outcome of \(day(outcomeAt)) by \(due.text)")
        }

        // Right 10: property returned when no longer needed; a witness told how to claim expenses.
        func expensesAndProperty() -> (RightStatus, String) {
            guard input.propertyHeld || input.isCharged else {
                return (.notApplicable, "The police hold no property of the victim's and no one has been charged")
            }
            var owed: [String] = []
            var met: [String] = []
            if input.propertyHeld {
                if let returned = input.propertyReturnedAt {
                    met.append("property returned on \(day(returned))")
                } else {
                    owed.append("property held and not yet returned")
                }
            }
            if input.isCharged {
                if let told = input.expensesInformationGivenAt {
                    met.append("told how to claim expenses on \(day(told))")
                } else {
                    owed.append("not yet told how to claim witness expenses")
                }
            }
            let why = (owed + met).joined(separator: "; ")
            let sentence = why.prefix(1).uppercased() + why.dropFirst()
            return owed.isEmpty ? (.met, sentence) : (.due, sentence + " (the Code sets no time limit)")
        }
    }
}
