package com.purepost.dfdetect;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Placeholder entry point while the build is brought up. */
@SpringBootApplication
public class DfdetectApplication {
    public static void main(String[] args) {
        SpringApplication.run(DfdetectApplication.class, args);
    }
}
