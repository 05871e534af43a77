package com.purepost.dfdetect.shipped;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibraryEntryTest {

    @ParameterizedTest
    @ValueSource(strings = {"ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "ai/onnxruntime/native/linux-aarch64/libonnxruntime4j_jni.so", "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "com/sun/jna/linux-aarch64/libjnidispatch.so", "jni/libaws-lambda-jni.linux-x86_64.so",
            "jni/libaws-lambda-jni.linux-aarch_64.so", "META-INF/native/libnetty_quiche42_linux_x86_64.so"})
    void acceptsLinuxX86AndArmLibrariesInTheLayoutsOfTheJarsWeShip(String path) {
        assertThat(NativeLibraryEntry.of("some.jar", path)).get().matches(NativeLibraryEntry::isForOurPlatforms);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib",
            "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/Contents/Resources/DWARF/libonnxruntime.dylib",
            "ai/onnxruntime/native/win-x64/onnxruntime.dll", "com/sun/jna/win32-x86-64/jnidispatch.dll",
            "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib", "com/sun/jna/aix-ppc64/libjnidispatch.a",
            "com/sun/jna/linux-arm/libjnidispatch.so", "com/sun/jna/linux-ppc64le/libjnidispatch.so",
            "com/sun/jna/freebsd-x86-64/libjnidispatch.so", "com/sun/jna/linux-x86/libjnidispatch.so",
            "jni/libaws-lambda-jni.linux_musl-x86_64.so", "META-INF/native/libnetty_transport_native_epoll_x86_64.so"})
    void countsOtherPlatformsMuslAndUnnamedPlatformsAsForeign(String path) {
        assertThat(NativeLibraryEntry.of("some.jar", path)).get().matches(entry -> !entry.isForOurPlatforms());
    }

    @ParameterizedTest
    @ValueSource(strings = {"com/sun/jna/win32/W32APIOptions.class", "ai/onnxruntime/native/linux-x64/",
            "META-INF/MANIFEST.MF", "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/Contents/Info.plist"})
    void takesClassesResourcesAndDirectoriesForNoNativeLibrary(String path) {
        assertThat(NativeLibraryEntry.of("some.jar", path)).isEmpty();
    }
}
