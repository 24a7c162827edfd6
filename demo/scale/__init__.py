"""seed_scale's generators, one per domain, and the bulk writer they stream rows through."""
