// Decodes pre-sampled shots with Skein's MWPM and union-find decoders on one thread and
// prints decodes per second. Usage:
//   DecoderBench <model.dem> <shots.txt> [repeats]
// shots.txt: one line per shot, "<actual observable mask> : <fired detectors…>".
import Foundation
import Skein

func fail(_ message: String) -> Never {
    FileHandle.standardError.write((message + "\n").data(using: .utf8) ?? Data())
    exit(2)
}

let args = CommandLine.arguments
guard args.count >= 3 else { fail("usage: DecoderBench <model.dem> <shots.txt> [repeats]") }
let repeats = args.count > 3 ? max(1, Int(args[3]) ?? 1) : 1
guard let demText = try? String(contentsOfFile: args[1], encoding: .utf8),
      let shotText = try? String(contentsOfFile: args[2], encoding: .utf8) else { fail("cannot read inputs") }

do {
    let parsed = try DEMText.parse(demText)
    let lines = shotText.split(separator: "\n").filter { !$0.hasPrefix("#") }
    var samples = DetectionSamples(shots: lines.count, detectorCount: parsed.model.detectorCount,
                                   observableCount: parsed.model.observableCount)
    for (s, line) in lines.enumerated() {
        let halves = line.split(separator: ":", omittingEmptySubsequences: false)
        samples.observables[s] = UInt64(halves[0].trimmingCharacters(in: .whitespaces)) ?? 0
        if halves.count > 1 {
            for w in halves[1].split(separator: " ") { if let d = Int(w) { samples.setDetector(shot: s, d) } }
        }
    }
    // CPU time of this process (single-threaded decoding): robust when other jobs share the cores.
    func cpuNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
    var t0 = cpuNow()
    let graph = try DecodingGraph(parsed)
    let sparseK = Int(ProcessInfo.processInfo.environment["SKEIN_SPARSE_NEIGHBOURS"] ?? "") ?? 0
    let mwpm = MatchingDecoder(graph: graph, sparseNeighbours: sparseK)
    let setup = (cpuNow() - t0)
    let uf = UnionFindDecoder(graph: graph)

    var best = Double.infinity
    var predictions: [UInt64] = []
    let skipMWPM = ProcessInfo.processInfo.environment["SKIP_MWPM"] != nil
    for _ in 0..<(skipMWPM ? 0 : repeats) {
        t0 = cpuNow()
        predictions = try mwpm.decode(samples: samples, threads: 1)
        best = min(best, (cpuNow() - t0))
    }
    var errors = 0
    for s in 0..<predictions.count where predictions[s] != samples.observables[s] { errors += 1 }
    var bestUF = Double.infinity
    var ufPredictions: [UInt64] = []
    for _ in 0..<repeats {
        t0 = cpuNow()
        ufPredictions = try uf.decode(samples: samples, threads: 1)
        bestUF = min(bestUF, (cpuNow() - t0))
    }
    var ufErrors = 0
    for s in 0..<samples.shots where ufPredictions[s] != samples.observables[s] { ufErrors += 1 }
    print("shots \(samples.shots) detectors \(graph.detectorCount) edges \(graph.edges.count) setup_s \(setup)")
    print("mwpm_seconds \(best) mwpm_errors \(errors)")
    print("uf_seconds \(bestUF) uf_errors \(ufErrors)")
} catch {
    fail("error: \(error)")
}
