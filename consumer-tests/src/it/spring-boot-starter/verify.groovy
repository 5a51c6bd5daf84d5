import groovy.xml.XmlSlurper

def checks = evaluate(new File(itSources, 'checks.groovy'))
checks.outcome(basedir, 'com.example.ShopSloTest', ['theSpecsSlosAreServedAtTheActuatorEndpoint'])

// the JUnit that Boot manages, read from the spring-boot-dependencies POM this build resolved
def parent = new XmlSlurper().parse(new File(basedir, 'pom.xml')).parent
String bootVersion = parent.version.text()
String path = "org/springframework/boot/spring-boot-dependencies/${bootVersion}/spring-boot-dependencies-${bootVersion}.pom"
File bootPom = [localRepositoryPath, new File(userRepository)].collect { new File(it, path) }.find { it.isFile() }
assert bootPom : "spring-boot-dependencies ${bootVersion} is in neither ${localRepositoryPath} nor ${userRepository}"
String bootJUnit = new XmlSlurper().parse(bootPom).properties.'junit-jupiter.version'.text()
assert bootJUnit : "no junit-jupiter.version in ${bootPom}"
checks.dependencies(basedir, bootJUnit)
