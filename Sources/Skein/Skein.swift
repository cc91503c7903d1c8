@_exported import SkeinLinearAlgebra
@_exported import SkeinCircuits
@_exported import SkeinStateVector
@_exported import SkeinNoise
@_exported import SkeinStabilizer
@_exported import SkeinAnyons
@_exported import SkeinExperiments
