import Foundation
print("regression benchmark: see bench/regression/run.sh")
