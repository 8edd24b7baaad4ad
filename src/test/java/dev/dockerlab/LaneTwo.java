package dev.dockerlab;

import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

import dev.dockerlab.support.Exclusive;

/** The second lane ({@link LaneOne} says why lanes): every package the first does not hold. */
@Suite
@SelectPackages("dev.dockerlab")
@ExcludePackages({"dev.dockerlab.lesson", "dev.dockerlab.sandbox", "dev.dockerlab.terminal"})
@ExcludeTags(Exclusive.TAG)
public class LaneTwo {
}
