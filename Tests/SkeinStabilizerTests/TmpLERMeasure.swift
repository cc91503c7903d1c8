import Testing
import Foundation
@testable import SkeinStabilizer

@Test("tmp LER measure") func tmpLER() throws {
    for (d, p, shots) in [(5, 0.005, 30000), (7, 0.005, 20000)] {
        let c = try SurfaceCodeGenerator.rotatedMemory(distance: d, rounds: d, basis: .z, noise: .circuitLevel(p))
        let compiled = try CompiledStabilizerCircuit(c)
        let dem = try ErrorModelExtraction.detectorErrorModel(compiled)
        let samples = try FrameSimulator(compiled: compiled).sampleDetectors(shots: shots, seed: 7, threads: 1)
        let graph = try DecodingGraph(model: dem)
        let mw = try MatchingDecoder(graph: graph).decode(samples: samples, threads: 2)
        let uf = try UnionFindDecoder(graph: graph).decode(samples: samples, threads: 2)
        let sf = try UnionFindDecoder(graph: graph, smallestFirst: true).decode(samples: samples, threads: 2)
        print("LER d=\(d) p=\(p) shots=\(shots): mwpm \(samples.logicalErrorCount(predictions: mw)) uf \(samples.logicalErrorCount(predictions: uf)) uf-smallest-first \(samples.logicalErrorCount(predictions: sf))")
    }
}
