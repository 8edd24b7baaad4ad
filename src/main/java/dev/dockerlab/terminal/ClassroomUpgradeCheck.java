package dev.dockerlab.terminal;

import io.quarkus.websockets.next.UserData;

public class ClassroomUpgradeCheck {
    static final UserData.TypedKey<String> VIEWED = UserData.TypedKey.forString("dockerlab.viewed");
    static final UserData.TypedKey<String> WORKSHOP = UserData.TypedKey.forString("dockerlab.workshop");
    static final UserData.TypedKey<String> INSTRUCTOR_ID = UserData.TypedKey.forString("dockerlab.instructor");
    static final UserData.TypedKey<String> INSTRUCTOR_NAME = UserData.TypedKey.forString("dockerlab.instructor.name");
}
