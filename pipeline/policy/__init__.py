"""The policy catalog: items and parameters of the policy, dated and cited, behind one strict loader.

    from pipeline.policy import load_policy
    policy = load_policy()                       # jinshan-quality-2025
    policy.items_as_of(date(2025, 6, 1))
    policy.param("annual_cap_yuan", date(2025, 6, 1)).value   # 1000000, with .citation
"""

from pipeline.policy.catalog import Policy
from pipeline.policy.errors import PolicyError, PolicyLookupError
from pipeline.policy.loader import DEFAULT_POLICY, POLICIES_DIR, current_policy, load_policy
from pipeline.policy.text import normalise

__all__ = [
    "DEFAULT_POLICY",
    "POLICIES_DIR",
    "Policy",
    "PolicyError",
    "PolicyLookupError",
    "current_policy",
    "load_policy",
    "normalise",
]
