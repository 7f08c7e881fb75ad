/**
 * The payments API itself: it knows nothing of the three protection layers in front of it.
 */
@NullMarked
package io.github.ipwhitelist.sample.api;

import org.jspecify.annotations.NullMarked;
