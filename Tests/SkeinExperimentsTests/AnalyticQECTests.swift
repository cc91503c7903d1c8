import Foundation
import Testing
@testable import SkeinExperiments

/// The resource estimator's QEC models. Expected values are hand-computed from
/// P_L = a·(p/p_th)^((d+1)/2) and the qubit / cycle formulas of microsoft/qsharp
/// `fault_tolerance.rs` (the two headline numbers are the ones issue 8 quotes).
@Suite("Analytic QEC (Azure Quantum resource estimator models)")
struct AnalyticQECTests {
    @Test func headlineNumbersOfTheIssue() throws {
        // Surface code, p = 1e-3, target 1e-12 → d = 21, 2·21² = 882 qubits.
        let s = try ResourceEstimatorScheme.surfaceCode.estimate(qubit: .gateNsE3, target: 1e-12)
        #expect(s.distance == 21 && s.physicalQubits == 882)
        #expect(abs(s.logicalErrorRate - 3e-13) < 1e-25)              // 0.03·(0.1)^11
        #expect(abs(s.logicalCycleTime - 8.4e-6) < 1e-18)             // (4·50 ns + 2·100 ns)·21
        // Floquet code, p = 1e-4, target 1e-12 → d = 11, 4·121 + 8·10 = 564 qubits.
        let f = try ResourceEstimatorScheme.floquetCode.estimate(qubit: .majNsE4, target: 1e-12)
        #expect(f.distance == 11 && f.physicalQubits == 564)
        #expect(abs(f.logicalErrorRate - 7e-14) < 1e-26)              // 0.07·(0.01)^6
        #expect(abs(f.logicalCycleTime - 3.3e-6) < 1e-18)             // 3·100 ns·11
    }

    @Test(arguments: [
        // (a, p_th, p, target, d): hand-computed x = 2·ln(a/t)/ln(p_th/p) − 1, d = smallest odd ≥ x.
        (0.03, 0.01, 1e-3, 1e-6, 9),      // x = 7.954
        (0.03, 0.01, 1e-3, 1e-9, 15),     // x = 13.954
        (0.03, 0.01, 1e-4, 1e-12, 11),    // x = 9.477
        (0.03, 0.01, 5e-3, 1e-6, 29),     // x = 28.745
        (0.07, 0.01, 1e-4, 1e-6, 5),      // x = 3.845
        (0.07, 0.01, 1e-4, 1e-9, 7),      // x = 6.845
        (0.07, 0.01, 1e-6, 1e-12, 5),     // x = 4.423
        (0.08, 0.0015, 1e-4, 1e-12, 19),  // x = 17.541 (surface code on Majorana qubits)
    ])
    func handComputedDistances(_ c: (Double, Double, Double, Double, Int)) throws {
        let (a, pth, p, target, d) = c
        let kind: ResourceEstimatorScheme.Kind = a == 0.07 ? .floquetCode : (pth == 0.0015 ? .surfaceCodeMeasurementBased : .surfaceCodeGateBased)
        let scheme = ResourceEstimatorScheme(kind: kind, crossingPrefactor: a, threshold: pth)
        #expect(try scheme.requiredDistance(p: p, target: target) == d)
        // d reaches the target and d − 2 does not.
        #expect(try scheme.logicalErrorRate(p: p, distance: d) <= target)
        #expect(try scheme.logicalErrorRate(p: p, distance: d - 2) > target)
    }

    @Test func qubitAndCycleFormulas() {
        #expect(ResourceEstimatorScheme.surfaceCode.physicalQubits(distance: 5) == 50)
        #expect(ResourceEstimatorScheme.surfaceCodeMajorana.physicalQubits(distance: 19) == 722)
        #expect(ResourceEstimatorScheme.floquetCode.physicalQubits(distance: 7) == 4 * 49 + 48)
        // qubit_gate_us_e3: (4·100 µs + 2·100 µs)·d; Majorana surface code 20·t_meas·d.
        #expect(abs(ResourceEstimatorScheme.surfaceCode.logicalCycleTime(distance: 9, qubit: .gateUsE3) - 5.4e-3) < 1e-15)
        #expect(abs(ResourceEstimatorScheme.surfaceCodeMajorana.logicalCycleTime(distance: 19, qubit: .majNsE4) - 38e-6) < 1e-17)
        // The estimator's p for a qubit is max(Clifford error, readout error).
        #expect(ResourceEstimatorQubit.gateUsE4.physicalErrorRate == 1e-4)
        #expect(ResourceEstimatorQubit.majNsE6.physicalErrorRate == 1e-6)
        #expect(ResourceEstimatorQubit.preset(named: "qubit-maj-ns-e4") == .majNsE4)
    }

    @Test func closedFormIsTheSmallestOddDistanceOnAGrid() throws {
        // The estimator's closed form must agree with a brute-force search for the smallest odd
        // d with P_L ≤ target on a grid of p and targets (for both a's).
        for scheme in [ResourceEstimatorScheme.surfaceCode, .floquetCode] {
            for i in 0..<40 {
                let p = 1e-6 * Foundation.pow(10, Double(i) * 3.9 / 40)   // 1e-6 … 7.9e-3
                for t in [1e-4, 1e-6, 1e-9, 1e-12, 1e-15] {
                    guard let d = try? scheme.requiredDistance(p: p, target: t) else { continue }
                    var brute = 1
                    while try scheme.logicalErrorRate(p: p, distance: brute) > t { brute += 2 }
                    #expect(d == brute, "p = \(p), target \(t)")
                }
            }
        }
    }

    @Test func refusesWhatTheEstimatorRefuses() {
        #expect(throws: ExperimentError.self) { try ResourceEstimatorScheme.surfaceCode.requiredDistance(p: 0.02, target: 1e-9) }
        #expect(throws: ExperimentError.self) { try ResourceEstimatorScheme.surfaceCode.requiredDistance(p: 1e-3, target: 0) }
        // p = 9e-3 needs d = 941 for 1e-12 (x = 939.6): beyond the estimator's MAX_CODE_DISTANCE = 50.
        #expect(throws: ExperimentError.distanceTooLarge(needed: 941, maximum: 50)) {
            try ResourceEstimatorScheme.surfaceCode.requiredDistance(p: 9.5e-3, target: 1e-12)
        }
        #expect(throws: ExperimentError.self) { try ResourceEstimatorScheme.named("floquet_code", for: .gateBased) }
        #expect((try? ResourceEstimatorScheme.named("surface_code", for: .majorana)) == .surfaceCodeMajorana)
    }
}
