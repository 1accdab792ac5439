package publish

// CacheLoads returns how many times c has read the public data.
func CacheLoads(c *Cache) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loads
}
