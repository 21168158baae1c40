/** In-framework tests (bnd testing, OSGi Test, JUnit 5); not exported. */
package io.devrig.itest;
