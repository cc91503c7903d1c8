/// Scoring decoder predictions against sampled observable flips.
extension DetectionSamples {
    /// The number of shots whose predicted observable mask differs from the sampled one
    /// (`popcount(prediction XOR actual) != 0`). Shots without a prediction (when
    /// `predictions` is shorter than `shots`) count as errors, so a short array cannot hide
    /// failures.
    public func logicalErrorCount(predictions: [UInt64]) -> Int {
        var errors = 0
        for s in 0..<shots {
            if s >= predictions.count || s >= observables.count || (predictions[s] ^ observables[s]).nonzeroBitCount != 0 {
                errors += 1
            }
        }
        return errors
    }
}
