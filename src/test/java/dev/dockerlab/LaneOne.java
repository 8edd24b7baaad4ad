package dev.dockerlab;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

import dev.dockerlab.support.Exclusive;

/**
 * The first of the two lanes of test classes that Maven runs side by side, one test JVM each
 * (pom.xml, surefire): the lessons, the sandboxes and the terminal; {@link LaneTwo} has every
 * other package, so a new test class lands in a lane by its package alone. The classes tagged
 * {@link Exclusive} run after both lanes, one at a time.
 *
 * <p>Why lanes, and not surefire spreading the classes over its JVMs itself: with more than one
 * JVM, surefire sends each class on its own, and Quarkus stops its application at the end of each
 * (quarkusio/quarkus#43979), so every class paid a start (10 to 25 s on a loaded machine). A lane
 * reaches its JVM as one class: Quarkus orders what it holds by test profile and starts once per
 * profile. The packages are split so that the lanes take about as long.
 */
@Suite
@SelectPackages({"dev.dockerlab.lesson", "dev.dockerlab.sandbox", "dev.dockerlab.terminal"})
@ExcludeTags(Exclusive.TAG)
public class LaneOne {
}
