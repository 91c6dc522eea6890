import CostCore
